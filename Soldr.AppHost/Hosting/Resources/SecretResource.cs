using Soldr.AppHost.Orchestration;
using Soldr.AppHost.Provisioning;

namespace Soldr.AppHost.Hosting.Resources;

/// <summary>
/// A secret handed to services (the role of an Aspire secret parameter): the configured value when
/// <see cref="ConfigurationKey"/> is set, else one generated on first run and kept, owner-only, in the
/// data folder. Its value is never printed; the status table says where it is kept.
/// </summary>
public sealed class SecretResource(string name, string configurationKey, int minimumLength) : Resource(name)
{
    public string ConfigurationKey { get; } = configurationKey;

    /// <summary>The file holding a generated secret; null when the secret comes from configuration.</summary>
    public string? FilePath { get; private set; }

    internal string Value { get; private set; } = string.Empty;

    internal override Task PrepareAsync(OrchestrationContext context, CancellationToken cancellationToken)
    {
        var configured = context.Configuration[ConfigurationKey];
        if (!string.IsNullOrEmpty(configured))
        {
            if (configured.Length < minimumLength)
            {
                throw new OrchestrationException($"{ConfigurationKey} is too short: use at least {minimumLength} characters.");
            }

            Value = configured;
            Note = $"from configuration ({ConfigurationKey})";
            return Task.CompletedTask;
        }

        Value = context.DataFolder.GetOrCreateSecret(Name);
        FilePath = context.DataFolder.Combine(Name);
        Note = $"{FilePath} (owner-only; override with {ConfigurationKey})";
        return Task.CompletedTask;
    }

    internal override Task StartAsync(OrchestrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
