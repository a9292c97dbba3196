namespace Soldr.Tests.Infrastructure;

/// <summary>
/// Tests that start the whole AppHost, one after another once the rest have run. Its orchestrator picks
/// free ports and the services bind them a moment later: beside the rest of the suite, opening sockets on
/// ports the system picks, a service could find its port taken and the stack fail to come up.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeAppCollectionDefinition
{
    public const string Name = "Whole app";
}
