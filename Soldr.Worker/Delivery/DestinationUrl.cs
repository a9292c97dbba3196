namespace Soldr.Worker.Delivery;

/// <summary>Where a delivery goes: the destination URL with the original sub-path and query appended.</summary>
public static class DestinationUrl
{
    public static Uri Combine(string destination, string path, string query)
    {
        var target = new UriBuilder(destination);
        if (!string.IsNullOrEmpty(path) && path != "/")
        {
            target.Path = target.Path.TrimEnd('/') + "/" + path.TrimStart('/');
        }

        if (!string.IsNullOrEmpty(query))
        {
            var existing = target.Query.TrimStart('?');
            target.Query = existing.Length == 0 ? query : existing + "&" + query;
        }

        return target.Uri;
    }
}
