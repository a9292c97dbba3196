using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Soldr.Core.Requests;
using Soldr.Ingest.Ingestion;
using Soldr.ServiceDefaults.Files;

namespace Soldr.Ingest.Spool;

/// <summary>
/// A folder of append-only segment files that keeps requests while PostgreSQL is unavailable. A batch is
/// appended and fsync'd before any of its senders is answered, so an acknowledged request is on disk.
/// One process at a time owns the folder (an exclusive lock file). Segments are named by a rising
/// sequence number, so their names sort in the order they were written.
/// </summary>
internal sealed class RequestSpool : IDisposable
{
    private const string LockFileName = "spool.lock";
    private const string SegmentPattern = "segment-*.spool";
    private static readonly byte[] HeaderPlaceholder = new byte[SpoolRecord.HeaderBytes];

    private readonly Lock _gate = new();
    private readonly long _segmentLimit;
    private readonly bool _defaultPath;
    private readonly ILogger<RequestSpool> _logger;
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _writer;
    private FileStream? _lock;
    private FileStream? _current;
    private long _nextSequence = 1;
    private long _pending;

    public RequestSpool(IOptions<IngestOptions> options, ILogger<RequestSpool> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _segmentLimit = options.Value.SpoolSegmentBytes;
        _defaultPath = string.IsNullOrWhiteSpace(options.Value.SpoolPath);
        Path = System.IO.Path.GetFullPath(_defaultPath ? "spool" : options.Value.SpoolPath!);
        _writer = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
    }

    public string Path { get; }

    /// <summary>Requests written to the spool and not yet drained into PostgreSQL.</summary>
    public long PendingCount => Interlocked.Read(ref _pending);

    /// <summary>
    /// Takes the folder at start-up. A folder that cannot be created is only logged (the service still
    /// answers, and retries on the next write); a folder another process owns stops the start.
    /// </summary>
    public void Open()
    {
        lock (_gate)
        {
            if (!TryOpenLocked(out var error) && error is not null)
            {
                Log.SpoolUnusable(_logger, Path, error);
            }
        }
    }

    /// <summary>
    /// Appends and fsyncs <paramref name="requests"/>; false (with the reason) when the spool cannot be
    /// written. Batches written at the same time take turns: each is encoded, written and fsync'd under one
    /// lock, so records never interleave.
    /// </summary>
    public bool TryAppend(IReadOnlyList<IncomingRequest> requests, out string? error)
    {
        ArgumentNullException.ThrowIfNull(requests);
        lock (_gate)
        {
            if (!TryOpenLocked(out error))
            {
                return false;
            }

            try
            {
                _current ??= CreateSegment();
                var bytes = Encode(requests);
                _current.Write(bytes);
                _current.Flush(flushToDisk: true);
                Interlocked.Add(ref _pending, requests.Count);
                if (_current.Length >= _segmentLimit)
                {
                    CloseCurrent();
                }

                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The segment may now end in a partial record. Nothing is appended after it: the reader
                // stops at the first bad record, so later good records must go to a new segment.
                CloseCurrent();
                error = ex.Message;
                return false;
            }
        }
    }

    /// <summary>Closes the segment being written, so the drainer may take it.</summary>
    public void Rotate()
    {
        lock (_gate)
        {
            CloseCurrent();
        }
    }

    /// <summary>Segments no longer written to, oldest first.</summary>
    public IReadOnlyList<string> ClosedSegments()
    {
        lock (_gate)
        {
            if (_lock is null)
            {
                return [];
            }

            var current = _current?.Name;
            return [.. Directory.EnumerateFiles(Path, SegmentPattern)
                .Where(f => !string.Equals(f, current, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>Removes a segment whose requests are committed in PostgreSQL.</summary>
    public void Delete(string segment, int requests)
    {
        // The folder is not flushed after the delete: a segment that comes back after a power cut is
        // drained again, as after a crash before the delete, and the request id as key adds nothing twice.
        File.Delete(segment);
        long pending, next;
        do
        {
            pending = Interlocked.Read(ref _pending);
            next = Math.Max(0, pending - requests);
        }
        while (Interlocked.CompareExchange(ref _pending, next, pending) != pending);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CloseCurrent();
            _lock?.Dispose();
            _lock = null;
            _writer.Dispose();
            _buffer.Dispose();
        }
    }

    private bool TryOpenLocked(out string? error)
    {
        error = null;
        if (_lock is not null)
        {
            return true;
        }

        try
        {
            DirectorySync.Create(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = ex.Message;
            return false;
        }

        try
        {
            _lock = new FileStream(
                System.IO.Path.Combine(Path, LockFileName), OwnerOnly.NewFile(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (UnauthorizedAccessException ex)
        {
            error = ex.Message;
            return false;
        }
        catch (IOException ex) when (Directory.Exists(Path) && File.Exists(System.IO.Path.Combine(Path, LockFileName)))
        {
            throw new InvalidOperationException(
                $"The spool folder '{Path}' is in use by another process; give each ingest process its own {IngestOptions.Section}:SpoolPath.", ex);
        }
        catch (IOException ex)
        {
            error = ex.Message;
            return false;
        }

        // What an earlier run left behind is drained like anything else; counting it keeps the gauge honest.
        var existing = Directory.EnumerateFiles(Path, SegmentPattern).Order(StringComparer.Ordinal).ToList();
        foreach (var segment in existing)
        {
            Interlocked.Add(ref _pending, SpoolSegmentReader.Read(segment).Requests.Count);
        }

        if (existing.Count > 0)
        {
            _nextSequence = SequenceOf(existing[^1]) + 1;
            Log.SpoolLeftovers(_logger, existing.Count, PendingCount, Path);
        }

        // A folder made by an older release, or chosen by the operator, is left as it is (it may be shared,
        // like /tmp), but its looser mode is said.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(Path) & OwnerOnly.OthersBits) != 0)
        {
            Log.SpoolFolderNotOwnerOnly(_logger, Path, Convert.ToString((int)File.GetUnixFileMode(Path), 8));
        }

        if (_defaultPath)
        {
            Log.SpoolDefaultPath(_logger, Path);
        }
        else
        {
            Log.SpoolReady(_logger, Path);
        }

        return true;
    }

    private FileStream CreateSegment()
    {
        var name = System.IO.Path.Combine(Path, $"segment-{_nextSequence++.ToString("D19", CultureInfo.InvariantCulture)}.spool");
        var segment = new FileStream(name, OwnerOnly.NewFile(FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0));
        try
        {
            // A record's fsync covers its bytes, not the segment's name in the folder: without this a power
            // cut could take the whole segment with requests already acknowledged. Once per segment, before
            // its first record is acknowledged.
            DirectorySync.Flush(Path);
            return segment;
        }
        catch (IOException)
        {
            // The segment is left empty and is never written: the next batch opens a new one, and the
            // drainer takes this one like any other (it holds nothing).
            segment.Dispose();
            throw;
        }
    }

    private void CloseCurrent()
    {
        if (_current is null)
        {
            return;
        }

        var name = _current.Name;
        var empty = false;
        try
        {
            empty = _current.Length == 0;
            _current.Dispose();
        }
        catch (IOException)
        {
            // Closing flushes nothing (writes are unbuffered); a failure here changes nothing on disk.
        }

        _current = null;
        if (empty)
        {
            File.Delete(name);
        }
    }

    private ReadOnlySpan<byte> Encode(IReadOnlyList<IncomingRequest> requests)
    {
        _buffer.SetLength(0);
        foreach (var request in requests)
        {
            var headerAt = (int)_buffer.Position;
            _buffer.Write(HeaderPlaceholder);
            SpooledRequestFormat.Write(_writer, request);
            _writer.Flush();
            var payloadAt = headerAt + SpoolRecord.HeaderBytes;
            var buffer = _buffer.GetBuffer();
            SpoolRecord.WriteHeader(buffer.AsSpan(headerAt), buffer.AsSpan(payloadAt, (int)_buffer.Position - payloadAt));
        }

        return _buffer.GetBuffer().AsSpan(0, (int)_buffer.Length);
    }

    private static long SequenceOf(string segment)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(segment);
        return long.TryParse(name.AsSpan("segment-".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) ? sequence : 0;
    }
}
