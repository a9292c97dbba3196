namespace Soldr.AppHost.Orchestration;

/// <summary>
/// Where the AppHost writes: its own messages, and every line its resources log, prefixed with the
/// resource's name (coloured on a terminal). Writes are serialised so lines never interleave.
/// </summary>
public sealed class ResourceConsole(TextWriter output, TextWriter errors, bool useColour)
{
    private const string Reset = "\u001b[0m";
    private static readonly string[] Palette =
        ["\u001b[36m", "\u001b[32m", "\u001b[33m", "\u001b[35m", "\u001b[34m", "\u001b[96m", "\u001b[92m", "\u001b[93m"];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _colours = new(StringComparer.Ordinal);
    private int _prefixWidth = 8;

    public static ResourceConsole ForTerminal() =>
        new(Console.Out, Console.Error, !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null);

    /// <summary>Aligns the prefixes to the longest resource name.</summary>
    public void RegisterResources(IEnumerable<string> names)
    {
        lock (_gate)
        {
            foreach (var name in names)
            {
                _colours.TryAdd(name, Palette[_colours.Count % Palette.Length]);
                _prefixWidth = Math.Max(_prefixWidth, name.Length);
            }
        }
    }

    public void ResourceLine(string resource, string line)
    {
        lock (_gate)
        {
            var prefix = resource.PadRight(_prefixWidth);
            WriteLine(output, useColour && _colours.TryGetValue(resource, out var colour)
                ? $"{colour}{prefix} |{Reset} {line}"
                : $"{prefix} | {line}");
        }
    }

    /// <summary>A message from the AppHost itself.</summary>
    public void Info(string message)
    {
        lock (_gate)
        {
            WriteLine(output, message);
        }
    }

    /// <summary>A problem the user must act on, as one line on standard error.</summary>
    public void Error(string message)
    {
        lock (_gate)
        {
            WriteLine(errors, useColour ? $"\u001b[31merror:{Reset} {message}" : $"error: {message}");
        }
    }

    public void Warning(string message)
    {
        lock (_gate)
        {
            WriteLine(output, useColour ? $"\u001b[33mwarning:{Reset} {message}" : $"warning: {message}");
        }
    }

    /// <summary>
    /// Output may vanish under the AppHost (a pipe reader such as <c>tee</c> killed by the same Ctrl+C);
    /// stopping the servers cleanly matters more than the lines that cannot be shown.
    /// </summary>
    private static void WriteLine(TextWriter writer, string line)
    {
        try
        {
            writer.WriteLine(line);
            writer.Flush();
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
