using System.Globalization;

namespace Soldr.ServiceDefaults.Redis;

/// <summary>
/// Where a Redis-compatible server is and how to sign in, parsed from a connection string in the
/// StackExchange.Redis form that Aspire writes: <c>host:port,password=...,ssl=true,defaultDatabase=0</c>.
/// </summary>
public sealed record RedisEndpoint(string Host, int Port, string? User, string? Password, bool UseSsl, int Database)
{
    public const int DefaultPort = 6379;

    /// <summary>Parses a connection string; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static RedisEndpoint Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        string? address = null;
        string? user = null, password = null;
        var ssl = false;
        var database = 0;

        foreach (var raw in connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                if (address is not null)
                {
                    throw new FormatException("only one server address is supported");
                }

                address = raw;
                continue;
            }

            var key = raw[..eq].Trim();
            var value = raw[(eq + 1)..].Trim();
            switch (key.ToUpperInvariant())
            {
                case "PASSWORD": password = value; break;
                case "USER": user = value; break;
                case "SSL": ssl = ParseBool(key, value); break;
                case "DEFAULTDATABASE": database = ParseInt(key, value, 0, 15); break;
                // Options that only tune StackExchange.Redis's multiplexer mean nothing to this client.
                default: break;
            }
        }

        if (string.IsNullOrEmpty(address))
        {
            throw new FormatException("it names no server (expected host:port)");
        }

        var (host, port) = SplitHostPort(address);
        return new RedisEndpoint(host, port, user, password, ssl, database);
    }

    public override string ToString() => $"{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static (string Host, int Port) SplitHostPort(string address)
    {
        // [::1]:6379, host:6379, host
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{address}' is not a valid address");
            }

            var host = address[1..close];
            var rest = address[(close + 1)..];
            return (host, rest.Length == 0 ? DefaultPort : ParseInt("port", rest.TrimStart(':'), 1, 65535));
        }

        var colon = address.LastIndexOf(':');
        if (colon < 0)
        {
            return (address, DefaultPort);
        }

        return (address[..colon], ParseInt("port", address[(colon + 1)..], 1, 65535));
    }

    private static bool ParseBool(string key, string value) =>
        bool.TryParse(value, out var result) ? result : throw new FormatException($"'{key}' must be true or false");

    private static int ParseInt(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var result) && result >= min && result <= max
            ? result
            : throw new FormatException($"'{key}' must be a number from {min} to {max}");
}
