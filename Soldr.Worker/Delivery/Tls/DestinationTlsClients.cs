using Soldr.Core.Deliveries;
using Soldr.Worker.Delivery.Network;

namespace Soldr.Worker.Delivery.Tls;

/// <summary>
/// One client per distinct TLS settings (<see cref="DestinationTls.Key"/>), each with its own connection pool
/// from <see cref="DeliveryHandler"/>, since trusted roots and client certificates are settings of a handler.
/// Few destinations have TLS settings, but each edit makes a new key, so the set is bounded: past
/// <see cref="MaxEntries"/> the least recently used is retired, and disposed once no send holds it.
/// </summary>
internal sealed class DestinationTlsClients(GuardedConnect connect) : IDisposable
{
    internal const int MaxEntries = 64;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TlsClient> _clients = new(StringComparer.Ordinal);
    private long _clock;
    private bool _disposed;

    /// <summary>
    /// Why the settings cannot be used, or null with the client to send through, held until
    /// <see cref="TlsClient.Release"/>.
    /// </summary>
    public string? TryAcquire(DestinationTls tls, out TlsClient? client)
    {
        ArgumentNullException.ThrowIfNull(tls);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_clients.TryGetValue(tls.Key, out var entry))
            {
                if (_clients.Count >= MaxEntries)
                {
                    RetireLeastRecentlyUsed();
                }

                // Made under the lock: rare (once per settings), and two sends must not make two pools.
                entry = TlsClient.Create(tls, connect);
                _clients[tls.Key] = entry;
            }

            entry.LastUsed = ++_clock;
            client = entry.Refusal is null ? entry : null;
            client?.Acquire();
            return entry.Refusal;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var client in _clients.Values)
            {
                client.Retire();
            }

            _clients.Clear();
        }
    }

    private void RetireLeastRecentlyUsed()
    {
        var oldest = _clients.MinBy(c => c.Value.LastUsed);
        _clients.Remove(oldest.Key);
        oldest.Value.Retire();
    }
}
