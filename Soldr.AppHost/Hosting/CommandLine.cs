using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// Parses the AppHost's arguments. Its own options become <c>AppHost:*</c> configuration; any
/// <c>--Section:Key=value</c> (or <c>--Section:Key value</c>) is configuration too, so
/// <c>--Soldr:Webhooks:demo:Destinations:0:Url=...</c> reaches the services. Anything else is an error.
/// </summary>
public static class CommandLine
{
    public const string Usage = """
        Usage: dotnet run --project Soldr.AppHost -- [options] [--Section:Key=value ...]

        Brings up PostgreSQL, Redis, Soldr.Ingest, Soldr.Worker and Soldr.Admin, and stops them on Ctrl+C.

        Options:
          --data-dir <path>     Keep state here (default: ~/.local/share/soldr, or /var/lib/soldr as root)
          --reset               Delete the data folder's contents and start from empty
          --ingest-port <port>  Port of the ingest endpoint (default 8080; 0 picks a free port)
          --ui-port <port>      Port of the management UI (default 8081)
          --api-port <port>     Port of the management API (default 8443)
          --bind <address>      Address ingest and the UI listen on (default localhost; 0.0.0.0 for all)
          --api-bind <address>  Address the management API listens on (default 127.0.0.1)
          --dashboard-port <port>  Port of the Aspire dashboard (default 18888)
          --no-dashboard        Run without the Aspire dashboard, and so without exporting telemetry to it
          --containers          Run PostgreSQL and Redis in containers (needs a working Docker or Podman)
          -h, --help            Show this help

        Aspire's own options pass through, e.g. to write the manifest azd deploys:
          dotnet run --project Soldr.AppHost -- --publisher manifest --output-path /abs/path/manifest.json

        Configuration: any --Section:Key=value, or the environment variable Section__Key. Examples:
          --Soldr:Webhooks:demo:Destinations:0:Url=http://localhost:9000/hook
          --ConnectionStrings:soldr "Host=db;Username=soldr;Password=...;Database=soldr"
          --ConnectionStrings:redis "cache:6379,password=..."
        Secrets given as arguments are visible to other local users (ps); prefer the environment:
          ConnectionStrings__soldr="..."  Soldr__Admin__Secret="<at least 32 characters>"
        """;

    /// <summary>Set by <c>--no-dashboard</c>; Aspire takes it before any configuration exists.</summary>
    public const string NoDashboardKey = "AppHost:NoDashboard";

    private static readonly Dictionary<string, string> ValueOptions = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "AppHost:DataDirectory",
        ["--ingest-port"] = "AppHost:IngestPort",
        ["--ui-port"] = "AppHost:UiPort",
        ["--api-port"] = "AppHost:ApiPort",
        ["--bind"] = "AppHost:Bind",
        ["--api-bind"] = "AppHost:ApiBind",
        ["--dashboard-port"] = "AppHost:DashboardPort",
    };

    // Aspire's own switches (DistributedApplicationBuilder's switch mappings), handed to it unchanged.
    private static readonly HashSet<string> AspireOptions = new(StringComparer.Ordinal)
    {
        "--operation", "--publisher", "--output-path", "--step", "--log-level", "--include-exception-details",
        "--clear-cache", "--dcp-cli-path", "--dcp-container-runtime", "--dcp-dependency-check-timeout", "--dcp-dashboard-path",
    };

    private static readonly Dictionary<string, string> FlagOptions = new(StringComparer.Ordinal)
    {
        ["--reset"] = "AppHost:Reset",
        ["--containers"] = "AppHost:Containers",
        ["--no-dashboard"] = NoDashboardKey,
        ["--help"] = "AppHost:ShowHelp",
        ["-h"] = "AppHost:ShowHelp",
    };

    /// <summary>
    /// Parses <paramref name="args"/>; false after printing the help (exit code 0) or a line naming a
    /// bad argument (exit code 2).
    /// </summary>
    public static bool TryParse(
        IReadOnlyList<string> args, out Dictionary<string, string?> settings, out string[] aspireArguments, out int exitCode)
    {
        exitCode = 0;
        try
        {
            (settings, aspireArguments) = Parse(args);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            (settings, aspireArguments, exitCode) = ([], [], 2);
            return false;
        }

        if (settings.ContainsKey("AppHost:ShowHelp"))
        {
            Console.Out.WriteLine(Usage);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Turns the arguments into configuration entries, and those of Aspire's own options into arguments
    /// for Aspire; throws <see cref="FormatException"/> with a one-line reason.
    /// </summary>
    public static (Dictionary<string, string?> Settings, string[] AspireArguments) Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var aspire = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inlineValue) = SplitInline(arg);

            if (AspireOptions.Contains(name))
            {
                aspire.Add(arg);
                if (inlineValue is null && i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    aspire.Add(args[++i]);
                }

                continue;
            }

            if (FlagOptions.TryGetValue(name, out var flagKey) && inlineValue is null)
            {
                settings[flagKey] = "true";
                continue;
            }

            string? key = null;
            if (ValueOptions.TryGetValue(name, out var optionKey))
            {
                key = optionKey;
            }
            else if (name.StartsWith("--", StringComparison.Ordinal) && (name.Contains(':', StringComparison.Ordinal) || name.Contains("__", StringComparison.Ordinal)))
            {
                key = name[2..].Replace("__", ":", StringComparison.Ordinal);
            }

            if (key is null)
            {
                throw new FormatException(arg.StartsWith('-')
                    ? $"unknown option '{name}'. Run with --help to see the options."
                    : $"unexpected argument '{arg}'. Run with --help to see the options.");
            }

            if (inlineValue is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new FormatException($"option '{name}' needs a value.");
                }

                inlineValue = args[++i];
            }

            settings[key] = inlineValue;
        }

        return (settings, [.. aspire]);
    }

    /// <summary>Reads the <c>AppHost</c> section, with a one-line error for a bad value.</summary>
    public static AppHostOptions ReadOptions(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection("AppHost");
        var defaults = new AppHostOptions();
        return new AppHostOptions
        {
            DataDirectory = section["DataDirectory"],
            Reset = ReadBool(section, "Reset"),
            ShowHelp = ReadBool(section, "ShowHelp"),
            IngestPort = ReadPort(section, "IngestPort", defaults.IngestPort),
            UiPort = ReadPort(section, "UiPort", defaults.UiPort),
            ApiPort = ReadPort(section, "ApiPort", defaults.ApiPort),
            Bind = section["Bind"] is { Length: > 0 } bind ? bind : defaults.Bind,
            ApiBind = section["ApiBind"] is { Length: > 0 } apiBind ? apiBind : defaults.ApiBind,
            DashboardPort = section["DashboardPort"] is { Length: > 0 } ? ReadPort(section, "DashboardPort", 0) : null,
            Containers = ReadBool(section, "Containers"),
        };
    }

    private static (string Name, string? Value) SplitInline(string arg)
    {
        var eq = arg.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && arg.StartsWith("--", StringComparison.Ordinal) ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }

    private static int ReadPort(IConfigurationSection section, string key, int fallback)
    {
        var value = section[key];
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535
            ? port
            : throw new FormatException($"AppHost:{key} must be a port number from 0 to 65535, not '{value}'.");
    }

    private static bool ReadBool(IConfigurationSection section, string key) =>
        section[key] is { Length: > 0 } value && (bool.TryParse(value, out var flag)
            ? flag
            : throw new FormatException($"AppHost:{key} must be true or false, not '{value}'."));
}
