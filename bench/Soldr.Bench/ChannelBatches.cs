using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Soldr.Bench;

internal static class ChannelBatches
{
    /// <summary>
    /// Whatever has queued, up to <paramref name="max"/> at a time, as soon as there is any: how the
    /// worker gathers its records into one commit. The list is reused: each is read before the next.
    /// </summary>
    public static async IAsyncEnumerable<List<T>> ReadBatchesAsync<T>(
        this ChannelReader<T> reader, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new List<T>(max);
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < max && reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            yield return batch;
        }
    }
}
