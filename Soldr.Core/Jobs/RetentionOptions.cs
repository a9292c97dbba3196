using System.ComponentModel.DataAnnotations;

namespace Soldr.Core.Jobs;

/// <summary>Section <c>Soldr:Retention</c>: how long requests are kept. A webhook's <c>retentionDays</c> overrides <see cref="Days"/>.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Soldr:Retention";

    /// <summary>Days a request (with its deliveries and attempts) is kept when its webhook does not say otherwise.</summary>
    [Range(1, 36_500, ErrorMessage = "Soldr:Retention:Days must be between 1 and 36500.")]
    public int Days { get; set; } = 30;

    /// <summary>Days a request addressed to no active webhook is kept.</summary>
    [Range(1, 36_500, ErrorMessage = "Soldr:Retention:UnroutableDays must be between 1 and 36500.")]
    public int UnroutableDays { get; set; } = 1;
}
