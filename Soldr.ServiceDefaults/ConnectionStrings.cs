using Microsoft.Extensions.Configuration;

namespace Soldr.ServiceDefaults;

/// <summary>Reads <c>ConnectionStrings:{name}</c>, failing at start-up with a message that names the key.</summary>
public static class ConnectionStrings
{
    public static T Read<T>(IConfiguration configuration, string name, Func<string, T> parse)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(parse);
        var key = $"ConnectionStrings:{name}";
        var value = configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"Configuration key '{key}' is missing: set it (environment variable ConnectionStrings__{name}) to the server's connection string.");
        }

        try
        {
            return parse(value);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or KeyNotFoundException)
        {
            // The value itself is not repeated: connection strings carry passwords.
            throw new InvalidOperationException($"Configuration key '{key}' is not a valid connection string: {ex.Message}", ex);
        }
    }
}
