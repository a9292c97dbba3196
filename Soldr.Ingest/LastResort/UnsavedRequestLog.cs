using Soldr.Core.Requests;

namespace Soldr.Ingest.LastResort;

/// <summary>
/// Writes unsaved requests straight to stdout, not through the console logger: its format is
/// configurable and may wrap or truncate, and this line must stay one parseable JSON object.
/// </summary>
internal sealed class UnsavedRequestLog(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(IncomingRequest request)
    {
        var line = UnsavedRequestJson.Serialize(request);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
