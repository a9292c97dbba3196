namespace Soldr.Ingest.KnownWebhooks;

/// <summary><c>Soldr:Ingest:UnknownWebhooks</c>: what a request for a name that is not a webhook gets.</summary>
public enum UnknownWebhooks
{
    /// <summary>Saved and answered like any other, so the answer does not tell which names exist.</summary>
    Save,

    /// <summary>Answered 404 without being read or saved.</summary>
    Reject,
}
