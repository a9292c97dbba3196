using System.Text.RegularExpressions;
using Npgsql;

namespace Soldr.ServiceDefaults.Clients;

public static partial class StatementDefaults
{
    private const int AutoPreparedStatements = 32;
    private const string NoJit = "-c jit=off";

    /// <summary>
    /// How Soldr's services run their statements, for any data source that should run them alike (the
    /// services', and the benchmark's replay of the worker's statements).
    /// </summary>
    public static NpgsqlDataSourceBuilder WithStatementDefaults(this NpgsqlDataSourceBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // Soldr runs a handful of statements over and over (save, claim, record); preparing them
        // once per connection saves PostgreSQL from planning each again. A connection string that
        // sets its own value keeps it.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
        }

        // PostgreSQL compiles a statement to machine code when its estimated cost is high, which pays
        // off for long reports, not for Soldr's short statements. A purge batch over a table of a
        // million requests was estimated that high: compiling took 136 ms of a 181 ms batch, every
        // batch. A connection string whose Options already set jit keeps its choice.
        var options = builder.ConnectionStringBuilder.Options ?? string.Empty;
        if (!SetsJit().IsMatch(options))
        {
            builder.ConnectionStringBuilder.Options = $"{options} {NoJit}".Trim();
        }

        return builder;
    }

    // A setting of jit in libpq's options: "-c jit=…" (with or without the space) or "--jit=…".
    [GeneratedRegex(@"(?:^|\s)(?:-c\s*|--)jit\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SetsJit();
}
