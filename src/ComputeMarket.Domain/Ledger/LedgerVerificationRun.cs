namespace ComputeMarket.Domain.Ledger;

public enum VerificationMode
{
    /// <summary>From the latest signed checkpoint to the head: what the audit page and the sealing job do.</summary>
    Incremental = 0,

    /// <summary>From the first transfer, checking every checkpoint on the way: what an auditor asks for.</summary>
    Full = 1,
}

/// <summary>A verification an auditor asked for (a full walk of the chain runs in the background), and how it ended.</summary>
public sealed class LedgerVerificationRun
{
    public const int ProblemsMaxLength = 4000;

    private LedgerVerificationRun()
    {
    }

    public LedgerVerificationRun(VerificationMode mode, string requestedByUserId, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        Mode = mode;
        RequestedByUserId = requestedByUserId;
        RequestedAtUtc = nowUtc;
    }

    public Guid Id { get; private set; }

    public VerificationMode Mode { get; private set; }

    public string RequestedByUserId { get; private set; } = "";

    public DateTime RequestedAtUtc { get; private set; }

    public DateTime? FinishedAtUtc { get; private set; }

    public long ToSequence { get; private set; }

    public long TransfersChecked { get; private set; }

    public int ProblemCount { get; private set; }

    /// <summary>The problems found, one per line ("invariant: detail"), the first ones if there are many.</summary>
    public string? Problems { get; private set; }

    public long Version { get; private set; }

    public bool IsFinished => FinishedAtUtc is not null;

    public void Finish(long toSequence, long transfersChecked, IReadOnlyList<string> problems, DateTime nowUtc)
    {
        ToSequence = toSequence;
        TransfersChecked = transfersChecked;
        ProblemCount = problems.Count;
        var text = string.Join('\n', problems);
        Problems = problems.Count == 0 ? null : text.Length <= ProblemsMaxLength ? text : text[..ProblemsMaxLength];
        FinishedAtUtc = nowUtc;
        Version++;
    }
}
