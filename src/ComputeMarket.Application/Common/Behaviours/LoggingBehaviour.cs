using System.Diagnostics;
using ComputeMarket.Application.Common.Interfaces;
using ComputeMarket.Application.Common.Results;
using MediatR;
using Microsoft.Extensions.Logging;

namespace ComputeMarket.Application.Common.Behaviours;

/// <summary>Logs every request with who sent it, how it ended and how long it took; slow ones as warnings.</summary>
public sealed class LoggingBehaviour<TRequest, TResponse>(ILogger<LoggingBehaviour<TRequest, TResponse>> logger, ICurrentUser currentUser)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        var name = typeof(TRequest).Name;
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next();
            var elapsed = Stopwatch.GetElapsedTime(started);
            var outcome = response is Result result ? result.Status.ToString() : "Ok";
            logger.Log(
                elapsed > SlowThreshold ? LogLevel.Warning : LogLevel.Information,
                "{Request} by {UserId} ended {Outcome} in {ElapsedMs:0.0} ms",
                name,
                currentUser.UserId ?? "anonymous",
                outcome,
                elapsed.TotalMilliseconds);
            return response;
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "{Request} by {UserId} failed after {ElapsedMs:0.0} ms", name, currentUser.UserId ?? "anonymous", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }
}
