using System.Net.Http.Headers;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Soldr.AppHost.Hosting;

/// <summary>
/// Dashboard commands on the worker for its recurring jobs (run now, pause, resume), carried out through
/// the management API with the admin secret, so they are checked and audited like any other call.
/// </summary>
public static class OperatorCommands
{
    private static readonly (string Job, string Title)[] Jobs = [("purge", "purge"), ("metrics-rollup", "metrics roll-up")];

    private static readonly (string Action, string Verb, string Icon)[] Actions =
        [("trigger", "Run {0} now", "Play"), ("pause", "Pause {0}", "Pause"), ("resume", "Resume {0}", "ArrowClockwise")];

    public static IResourceBuilder<ProjectResource> WithOperatorCommands(
        this IResourceBuilder<ProjectResource> worker, EndpointReference api, IResourceBuilder<ParameterResource> secret)
    {
        ArgumentNullException.ThrowIfNull(worker);
        foreach (var (job, title) in Jobs)
        {
            foreach (var (action, verb, icon) in Actions)
            {
                worker.WithCommand(
                    $"{action}-{job}",
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, verb, title),
                    context => CallAsync(context, api, secret.Resource, $"api/jobs/{job}/{action}"),
                    new CommandOptions
                    {
                        IconName = icon,
                        UpdateState = state => state.ResourceSnapshot.HealthStatus == HealthStatus.Healthy
                            ? ResourceCommandState.Enabled
                            : ResourceCommandState.Disabled,
                    });
            }
        }

        return worker;
    }

    private static async Task<ExecuteCommandResult> CallAsync(ExecuteCommandContext context, EndpointReference api, ParameterResource secret, string path)
    {
        using var client = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(api.Url + "/"), path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await secret.GetValueAsync(context.CancellationToken));
        using var response = await client.SendAsync(request, context.CancellationToken);
        return response.IsSuccessStatusCode
            ? CommandResults.Success()
            : CommandResults.Failure($"The management API answered {(int)response.StatusCode} {response.ReasonPhrase}.");
    }
}
