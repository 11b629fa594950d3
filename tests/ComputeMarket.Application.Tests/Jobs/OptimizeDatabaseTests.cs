using ComputeMarket.Application.Tests.Ledger;
using ComputeMarket.Infrastructure.Jobs;
using ComputeMarket.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static ComputeMarket.Application.Tests.Ledger.LedgerKit;

namespace ComputeMarket.Application.Tests.Jobs;

/// <summary>The hourly statistics refresh on PostgreSQL, where autovacuum alone leaves a freshly filled ledger unplanned.</summary>
public sealed class OptimizeDatabaseTests(PostgresSliceFixture fixture) : IClassFixture<PostgresSliceFixture>, IRunsOnPostgres
{
    [PostgresFact]
    public async Task The_job_gives_the_planner_current_statistics_for_the_transfers()
    {
        var organization = await fixture.RegisterOrganizationAsync("Analyzed Ltd");
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await fixture.PostAsync(TopUp(organization.MoneyWallet, 100 + i))).Applied);
        }

        await fixture.InScope(async services =>
        {
            await services.GetRequiredService<OptimizeDatabaseJob>().RunAsync(CancellationToken.None);
            return 0;
        });

        var transfers = await fixture.TransferCountAsync();
        var planned = await fixture.Query(db => db.Database
            .SqlQueryRaw<double>("SELECT reltuples::float8 AS \"Value\" FROM pg_class WHERE relname = 'Transfers'")
            .SingleAsync());
        Assert.Equal(transfers, (long)planned);
    }
}
