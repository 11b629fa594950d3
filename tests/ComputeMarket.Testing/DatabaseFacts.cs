using Xunit.Abstractions;
using Xunit.Sdk;

namespace ComputeMarket.Testing;

/// <summary>A fact that runs on every database; skipped, visibly, on a PostgreSQL test class where PostgreSQL is missing.</summary>
[XunitTestCaseDiscoverer("ComputeMarket.Testing.DatabaseFactDiscoverer", "ComputeMarket.Testing")]
public sealed class DatabaseFactAttribute : FactAttribute;

/// <summary>A theory that runs on every database; skipped, visibly, on a PostgreSQL test class where PostgreSQL is missing.</summary>
[XunitTestCaseDiscoverer("ComputeMarket.Testing.DatabaseTheoryDiscoverer", "ComputeMarket.Testing")]
public sealed class DatabaseTheoryAttribute : TheoryAttribute;

/// <summary>A fact that only makes sense on PostgreSQL, whatever its class; skipped, visibly, where PostgreSQL is missing.</summary>
[XunitTestCaseDiscoverer("ComputeMarket.Testing.PostgresFactDiscoverer", "ComputeMarket.Testing")]
public sealed class PostgresFactAttribute : FactAttribute;

/// <summary>Discovers <see cref="DatabaseFactAttribute"/> tests.</summary>
public sealed class DatabaseFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        PostgresRequirement.SkipReason(testMethod, requiredByTest: false) is { } reason
            ? [PostgresUnavailableTestCase.For(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>Discovers <see cref="DatabaseTheoryAttribute"/> tests.</summary>
public sealed class DatabaseTheoryDiscoverer(IMessageSink diagnosticMessageSink) : TheoryDiscoverer(diagnosticMessageSink)
{
    // A skipped theory is one skipped test, not one per data row, as with xunit's own Skip.
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo theoryAttribute) =>
        PostgresRequirement.SkipReason(testMethod, requiredByTest: false) is { } reason
            ? [PostgresUnavailableTestCase.For(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, theoryAttribute);
}

/// <summary>Discovers <see cref="PostgresFactAttribute"/> tests.</summary>
public sealed class PostgresFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    public override IEnumerable<IXunitTestCase> Discover(
        ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        PostgresRequirement.SkipReason(testMethod, requiredByTest: true) is { } reason
            ? [PostgresUnavailableTestCase.For(DiagnosticMessageSink, discoveryOptions, testMethod, reason)]
            : base.Discover(discoveryOptions, testMethod, factAttribute);
}

/// <summary>A test reported as skipped because it needs PostgreSQL and none can be had here.</summary>
public sealed class PostgresUnavailableTestCase : XunitTestCase
{
    private string _skipReason = "";

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PostgresUnavailableTestCase()
    {
    }

    public PostgresUnavailableTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        string skipReason)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        _skipReason = skipReason;
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("PostgresSkipReason", _skipReason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        // Before base.Deserialize, which initializes the test case and so asks GetSkipReason.
        _skipReason = data.GetValue<string>("PostgresSkipReason");
        base.Deserialize(data);
    }

    internal static PostgresUnavailableTestCase For(
        IMessageSink diagnosticMessageSink, ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, string skipReason) =>
        new(
            diagnosticMessageSink,
            discoveryOptions.MethodDisplayOrDefault(),
            discoveryOptions.MethodDisplayOptionsOrDefault(),
            testMethod,
            skipReason);

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _skipReason;
}

/// <summary>Decides at discovery whether a database test is skipped for want of PostgreSQL.</summary>
internal static class PostgresRequirement
{
    // Under CI a missing server is a broken machine, not a reason to skip: the tests run and fail, saying why.
    public static string? SkipReason(ITestMethod testMethod, bool requiredByTest)
    {
        if (!requiredByTest && !RunsOnPostgres(testMethod.TestClass.Class))
        {
            return null;
        }

        return PostgresServer.IsAvailable || IsCi() ? null : PostgresServer.NotAvailableMessage(PostgresServer.UnavailableReason);
    }

    // The concrete class decides, not the base class declaring the inherited tests.
    private static bool RunsOnPostgres(ITypeInfo testClass) =>
        testClass is IReflectionTypeInfo reflected
            ? typeof(IRunsOnPostgres).IsAssignableFrom(reflected.Type)
            : testClass.Interfaces.Any(type => type.Name == typeof(IRunsOnPostgres).FullName);

    private static bool IsCi()
    {
        var ci = Environment.GetEnvironmentVariable("CI");
        return string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";
    }
}
