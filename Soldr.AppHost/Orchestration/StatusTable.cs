using System.Text;
using Soldr.AppHost.Hosting.Resources;

namespace Soldr.AppHost.Orchestration;

/// <summary>The table printed once the stack is up: each resource, its state, its URL and a note.</summary>
public static class StatusTable
{
    public static string Render(IEnumerable<Resource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var rows = resources
            .Select(r => new Row(r.Name, r.State.ToString(), r.DisplayUrl ?? "-", r.DisplayNote ?? string.Empty))
            .Prepend(new Row("RESOURCE", "STATE", "URL", "DETAILS"))
            .ToList();
        var nameWidth = rows.Max(r => r.Name.Length);
        var stateWidth = rows.Max(r => r.State.Length);
        var urlWidth = rows.Max(r => r.Url.Length);

        var table = new StringBuilder();
        foreach (var (name, state, url, note) in rows)
        {
            table.Append("  ")
                .Append(name.PadRight(nameWidth + 2))
                .Append(state.PadRight(stateWidth + 2))
                .Append(url.PadRight(urlWidth + 2))
                .AppendLine(note.TrimEnd());
        }

        return table.ToString();
    }

    private sealed record Row(string Name, string State, string Url, string Note);
}
