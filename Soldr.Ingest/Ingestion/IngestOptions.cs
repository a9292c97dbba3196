using System.ComponentModel.DataAnnotations;
using Soldr.Ingest.KnownWebhooks;

namespace Soldr.Ingest.Ingestion;

/// <summary>Section <c>Soldr:Ingest</c>. Every limit is a setting with its default here.</summary>
public sealed class IngestOptions
{
    public const string Section = "Soldr:Ingest";

    /// <summary>Webhooks are addressed as <c>&lt;name&gt;.&lt;BaseDomain&gt;</c>.</summary>
    [Required]
    [RegularExpression(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$",
        ErrorMessage = "Soldr:Ingest:BaseDomain must be a lower-case domain name such as wh.example.com.")]
    public string BaseDomain { get; set; } = "wh.localhost";

    /// <summary>Largest accepted body; larger ones are answered 413.</summary>
    [Range(1024, 256 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxBodyBytes must be between 1024 and 268435456.")]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most request headers accepted; more are answered 431.</summary>
    [Range(8, 10_000, ErrorMessage = "Soldr:Ingest:MaxHeaderCount must be between 8 and 10000.")]
    public int MaxHeaderCount { get; set; } = 100;

    /// <summary>Largest total size of the request headers; larger ones are answered 431.</summary>
    [Range(1024, 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxHeaderBytes must be between 1024 and 1048576.")]
    public int MaxHeaderBytes { get; set; } = 32 * 1024;

    /// <summary>Longest request line (method, path and query); longer ones are answered 414.</summary>
    [Range(256, 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxUrlBytes must be between 256 and 1048576.")]
    public int MaxUrlBytes { get; set; } = 8 * 1024;

    /// <summary>
    /// Most connections open at once; Kestrel closes further ones as they arrive. Each open connection
    /// costs a few kilobytes, and up to <see cref="MaxRequestBufferBytes"/> while it sends.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Soldr:Ingest:MaxConnections must be between 1 and 1000000.")]
    public int MaxConnections { get; set; } = 1000;

    /// <summary>
    /// Most bytes Kestrel reads ahead from one connection before ingest takes them. It must hold a
    /// request's line and headers, so it is at least <see cref="MaxUrlBytes"/> and <see cref="MaxHeaderBytes"/>.
    /// </summary>
    [Range(16 * 1024, 16 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxRequestBufferBytes must be between 16384 and 16777216.")]
    public int MaxRequestBufferBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Most request-body bytes held in memory at once, from the moment a body is read until its batch is
    /// committed or spooled. Past it requests are answered 503 at once. 64 MiB is 64 bodies of the
    /// largest size, or thousands of typical webhooks of a few kilobytes, and keeps ingest's memory
    /// within some 200 MB whatever senders do. At least <see cref="MaxBodyBytes"/>.
    /// </summary>
    [Range(64 * 1024, 16L * 1024 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxBodyMemoryBytes must be between 65536 and 17179869184.")]
    public long MaxBodyMemoryBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// Peers whose <c>X-Forwarded-For</c> is believed: IP addresses or CIDR ranges. Empty means the peer
    /// address is always the source.
    /// </summary>
    public List<string> TrustedProxies { get; } = [];

    /// <summary>Most requests written in one commit.</summary>
    [Range(1, 10_000, ErrorMessage = "Soldr:Ingest:MaxBatchRequests must be between 1 and 10000.")]
    public int MaxBatchRequests { get; set; } = 512;

    /// <summary>Most body bytes written in one commit (a single larger request still goes alone).</summary>
    [Range(64 * 1024, 1024 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:MaxBatchBytes must be between 65536 and 1073741824.")]
    public int MaxBatchBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Most batches being written at once. While one waits for its commit to reach disk the next gathers
    /// and starts; each one in flight holds a database connection.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Soldr:Ingest:MaxCommitsInFlight must be between 1 and 64.")]
    public int MaxCommitsInFlight { get; set; } = 4;

    /// <summary>
    /// Longest a commit may take. A slower one (PostgreSQL frozen, or a network path that stopped
    /// forwarding) is spooled instead and answered as spooled, and later batches go to the spool until
    /// PostgreSQL answers again. The drainer's probes and writes are bounded by it too.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Soldr:Ingest:CommitTimeout must be between 00:00:00.100 and 00:05:00.")]
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where requests are kept while PostgreSQL is unavailable. Empty means a <c>spool</c> folder under
    /// the current directory.
    /// </summary>
    public string? SpoolPath { get; set; }

    /// <summary>A spool segment is closed once it reaches this size, so drained space is freed early.</summary>
    [Range(1024 * 1024, 4L * 1024 * 1024 * 1024, ErrorMessage = "Soldr:Ingest:SpoolSegmentBytes must be between 1048576 and 4294967296.")]
    public long SpoolSegmentBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>How often PostgreSQL is probed while requests wait in the spool.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Soldr:Ingest:SpoolDrainInterval must be between 00:00:00.100 and 00:10:00.")]
    public TimeSpan SpoolDrainInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the webhooks' settings (response status, verification, de-duplication, names) are re-read:
    /// the longest a change made through the management API takes to reach ingest.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00", ErrorMessage = "Soldr:Ingest:WebhookSettingsRefresh must be between 00:00:00.100 and 01:00:00.")]
    public TimeSpan WebhookSettingsRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What happens to a request for a name that is not a webhook: saved like any other (and purged
    /// later), so that every name is answered alike; or refused with 404.
    /// </summary>
    [EnumDataType(typeof(UnknownWebhooks), ErrorMessage = "Soldr:Ingest:UnknownWebhooks must be Save or Reject.")]
    public UnknownWebhooks UnknownWebhooks { get; set; } = UnknownWebhooks.Save;

    /// <summary>
    /// With <see cref="UnknownWebhooks"/> Save, how many requests for names that are not webhooks one source
    /// address may send (<c>UnknownWebhookLimits:0:Count</c>, <c>:Per</c>); past it, 429. Empty, no limit.
    /// </summary>
    public List<Soldr.Client.Contracts.RateWindow> UnknownWebhookLimits { get; } = [];

    /// <summary>The Retry-After, in seconds, of a 503 (a request that could not be kept, or no memory for its body).</summary>
    [Range(1, 3600, ErrorMessage = "Soldr:Ingest:RetryAfterSeconds must be between 1 and 3600.")]
    public int RetryAfterSeconds { get; set; } = 5;
}
