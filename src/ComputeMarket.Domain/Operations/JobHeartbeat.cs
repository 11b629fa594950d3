namespace ComputeMarket.Domain.Operations;

/// <summary>The last time a recurring job ran to completion, shown to administrators.</summary>
public sealed class JobHeartbeat
{
    public const int NameMaxLength = 100;

    private JobHeartbeat()
    {
    }

    public JobHeartbeat(string name)
    {
        Name = name;
    }

    public string Name { get; private set; } = "";

    public DateTime LastRunAtUtc { get; private set; }

    public long RunCount { get; private set; }

    public void Beat(DateTime nowUtc)
    {
        LastRunAtUtc = nowUtc;
        RunCount++;
    }
}
