using System.Globalization;

namespace Soldr.AppHost.Hosting.LocalPostgres;

/// <summary>The settings Soldr's own PostgreSQL server starts with, local or in a container.</summary>
public static class ServerSettings
{
    /// <summary>The first major version whose <c>wal_compression</c> takes lz4; before it, only pglz (<c>on</c>).</summary>
    private const int Lz4Version = 15;

    /// <summary>The major version of the image Aspire's <c>AddPostgres</c> runs (<c>postgres:18.3</c> in Aspire 13.6).</summary>
    public const int ContainerVersion = 18;

    /// <summary><c>-c name=value</c> arguments for a server of the given major version.</summary>
    public static IReadOnlyList<string> Arguments(int majorVersion) =>
    [
        "-c", "max_connections=300",
        // Most of the write-ahead log a purge writes is full-page images, and every commit of ingest waits
        // for the log to reach the disk. Compressed, ingest's p99 during the purge of a million requests
        // fell from 43-105 ms to 15-26 ms over repeated runs (docs/benchmarks.md).
        "-c", majorVersion >= Lz4Version ? "wal_compression=lz4" : "wal_compression=on",
        // Under sustained ingest the table outgrows shared buffers within seconds, and backends write out
        // the pages they evict. Left to the kernel, those writes pile up and go to disk in a burst some
        // 30 s later, and every commit's log flush waits behind it: ingest's p99 rose from about 15 ms to
        // 50-70 ms in the second half-minute of load, and its p99.9 to 100-250 ms. Asking the kernel to
        // write them every 256 kB kept the p99 at 9-16 ms throughout (docs/benchmarks.md).
        "-c", "backend_flush_after=256kB",
    ];

    /// <summary>The major version of the cluster in <paramref name="dataDirectory"/>, from its PG_VERSION file.</summary>
    public static int ClusterVersion(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "PG_VERSION");
        var text = File.ReadAllText(path).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new InvalidOperationException($"'{path}' does not hold a PostgreSQL major version: '{text}'.");
    }
}
