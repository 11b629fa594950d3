namespace ComputeMarket.Testing;

/// <summary>
/// Marks a test class whose tests run on PostgreSQL: its <see cref="DatabaseFactAttribute"/> and
/// <see cref="DatabaseTheoryAttribute"/> tests are skipped, visibly, where no PostgreSQL can be had, except under CI.
/// </summary>
public interface IRunsOnPostgres;
