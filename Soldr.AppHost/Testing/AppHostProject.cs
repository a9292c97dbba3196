namespace Projects;

/// <summary>
/// Names the AppHost's own assembly for tests, as Aspire's generated <c>Projects.*</c> class does:
/// <c>DistributedApplicationTestingBuilder.StartAsync&lt;Projects.Soldr_AppHost&gt;(...)</c> runs its entry point.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1707", Justification = "Named like the generated Projects.* classes: the project name with '.' as '_'.")]
public sealed class Soldr_AppHost;
