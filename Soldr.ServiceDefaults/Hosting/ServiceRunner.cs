using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Soldr.ServiceDefaults.Hosting;

public static class ServiceRunner
{
    /// <summary>
    /// Runs the service, after checking its settings first: a bad setting is the operator's to fix, so it
    /// is told in one line on stderr (<c>error: Soldr:…:Key must …</c>) with exit code 1, rather than as a
    /// crash with a stack trace. Checking before the host starts keeps the host from logging it too.
    /// </summary>
    public static async Task<int> RunServiceAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {string.Join(" ", ex.Failures)}");
            return 1;
        }

        await app.RunAsync();
        return 0;
    }
}
