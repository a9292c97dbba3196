using Microsoft.Extensions.Options;

namespace Soldr.Worker;

/// <summary>Rules that span settings: a lease shorter than a send would let a second worker send it too.</summary>
internal sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options) =>
        options.LeaseDuration <= options.SendTimeout + TimeSpan.FromSeconds(5)
            ? ValidateOptionsResult.Fail(
                $"{WorkerOptions.Section}:LeaseDuration ({options.LeaseDuration}) must exceed {WorkerOptions.Section}:SendTimeout ({options.SendTimeout}) by more than 5 seconds.")
            : ValidateOptionsResult.Success;
}
