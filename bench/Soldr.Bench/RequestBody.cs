using System.Buffers;
using System.IO.Pipelines;

namespace Soldr.Bench;

internal static class RequestBody
{
    /// <summary>The whole body, read from Kestrel's pipe without a stream in between.</summary>
    public static async Task<byte[]> ReadAllAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
