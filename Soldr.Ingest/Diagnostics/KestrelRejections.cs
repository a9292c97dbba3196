using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using Soldr.Core.Diagnostics;
using Soldr.Ingest.Admission;
using Soldr.Ingest.Ingestion;

namespace Soldr.Ingest.Diagnostics;

/// <summary>
/// Kestrel answers 414 and 431 itself, before any endpoint runs, and logs them only at Debug. It does
/// record why each connection ended (<c>error.type</c> on <c>kestrel.connection.duration</c>); this turns
/// the request-limit reasons into an ingest log line and a <c>rejected</c> count. Connections closed at
/// once because <c>MaxConnections</c> were open (<c>kestrel.rejected_connections</c>) become a warning,
/// a few lines at most however many there are. Only this host's meters are listened to (the scope is
/// its meter factory), so hosts in one process stay apart.
/// </summary>
internal sealed class KestrelRejections : IHostedService, IDisposable
{
    private const string KestrelMeter = "Microsoft.AspNetCore.Server.Kestrel";
    private const string ConnectionDuration = "kestrel.connection.duration";
    private const string RejectedConnections = "kestrel.rejected_connections";
    private readonly MeterListener _listener = new();
    private readonly IMeterFactory _meterFactory;
    private readonly IngestMetrics _metrics;
    private readonly RefusalTally _connections;
    private readonly int _maxConnections;
    private readonly ILogger<KestrelRejections> _logger;

    public KestrelRejections(
        IMeterFactory meterFactory,
        IngestMetrics metrics,
        RefusalReports refusals,
        IOptions<IngestOptions> options,
        ILogger<KestrelRejections> logger)
    {
        _meterFactory = meterFactory;
        _metrics = metrics;
        _connections = refusals.Connections;
        _maxConnections = options.Value.MaxConnections;
        _logger = logger;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KestrelMeter
                && instrument.Name is ConnectionDuration or RejectedConnections
                && ReferenceEquals(instrument.Meter.Scope, _meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnConnectionEnded);
        _listener.SetMeasurementEventCallback<long>(OnConnectionRejected);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();

    private void OnConnectionEnded(Instrument instrument, double duration, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var (key, value) in tags)
        {
            if (key == "error.type" && value is string reason && IsRequestLimit(reason))
            {
                _metrics.Rejected();
                Log.RefusedByServer(_logger, reason);
            }
        }
    }

    private void OnConnectionRejected(Instrument instrument, long count, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (_connections.Add(out var refused))
        {
            Log.ConnectionsRefused(_logger, refused, _maxConnections);
        }
    }

    // Kestrel's names for requests it refuses as too large or malformed (HTTP/1.1 and HTTP/2 alike). An
    // oversized body is the exception: ingest reads the body itself, so it answers 413 and logs it.
    private static bool IsRequestLimit(string reason) =>
        reason != "max_request_body_size_exceeded"
        && (reason.StartsWith("max_request_", StringComparison.Ordinal) || reason.StartsWith("invalid_request_", StringComparison.Ordinal));
}
