using System.ComponentModel.DataAnnotations;

namespace Soldr.Worker.Jobs;

/// <summary>The setting must be a schedule <see cref="JobScheduleText"/> reads; the error names the key.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class JobScheduleAttribute(string key) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        JobScheduleText.TryParse(value as string, out _, out var error)
            ? ValidationResult.Success
            : new ValidationResult($"{key}: {error}.");
}
