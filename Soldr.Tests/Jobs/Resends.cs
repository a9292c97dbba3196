using Soldr.Client;
using Soldr.Client.Contracts;
using Soldr.Tests.Infrastructure;

namespace Soldr.Tests.Jobs;

internal static class Resends
{
    /// <summary>The re-send once its job has finished with it (succeeded, failed or cancelled).</summary>
    public static Task<ResendView> FinishedAsync(ISoldrApi api, ResendView started) =>
        Eventually.WaitAsync(
            async () => await api.GetResendAsync(started.Id) is { State: "succeeded" or "failed" or "cancelled" } done ? done : null,
            $"re-send #{started.Id} to finish");
}
