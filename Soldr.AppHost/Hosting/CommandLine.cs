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
          -h, --help            Show this help

        Configuration: any --Section:Key=value, or the environment variable Section__Key. Examples:
          --Soldr:Webhooks:demo:Destinations:0:Url=http://localhost:9000/hook
          --ConnectionStrings:soldr "Host=db;Username=soldr;Password=...;Database=soldr"
          --ConnectionStrings:redis "cache:6379,password=..."
        Secrets given as arguments are visible to other local users (ps); prefer the environment:
          ConnectionStrings__soldr="..."  Soldr__Admin__Secret="<at least 32 characters>"
        """;

    private static readonly Dictionary<string, string> ValueOptions = new(StringComparer.Ordinal)
    {
        ["--data-dir"] = "AppHost:DataDirectory",
        ["--ingest-port"] = "AppHost:IngestPort",
        ["--ui-port"] = "AppHost:UiPort",
        ["--api-port"] = "AppHost:ApiPort",
        ["--bind"] = "AppHost:Bind",
        ["--api-bind"] = "AppHost:ApiBind",
    };

    private static readonly Dictionary<string, string> FlagOptions = new(StringComparer.Ordinal)
    {
        ["--reset"] = "AppHost:Reset",
        ["--help"] = "AppHost:ShowHelp",
        ["-h"] = "AppHost:ShowHelp",
    };

    /// <summary>Turns the arguments into configuration entries; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static Dictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var (name, inlineValue) = SplitInline(arg);

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

        return settings;
    }

    /// <summary>Reads the <c>AppHost</c> section, with a one-line error for a bad value.</summary>
    public static AppHostOptions ReadOptions(IConfiguration configuration, string environmentName)
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
            EnvironmentName = environmentName,
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
