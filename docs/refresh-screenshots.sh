#!/usr/bin/env bash
# Refreshes the README's pictures (docs/screenshots) by running the browser test that walks the operator's
# path with its screenshots saved there instead of the ignored TestResults/screenshots.
set -euo pipefail
cd "$(dirname "$0")/.."
SOLDR_SCREENSHOTS="$PWD/docs/screenshots" dotnet test Soldr.Tests --filter "FullyQualifiedName~Soldr.Tests.Browser.OperatorPathTests|FullyQualifiedName~Soldr.Tests.Browser.SessionPageTests|FullyQualifiedName~Soldr.Tests.Browser.HangfireDashboardPageTests"
