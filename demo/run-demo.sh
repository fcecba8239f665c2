#!/usr/bin/env bash
# Builds Vigil, then runs the invoice demo under the agent in embedded mode and edits its policy
# while it runs: a role is revoked, granted back, and a feature flag is turned on. Each line the
# application prints is a decision that changed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

echo ">>> building (first run downloads Maven and the dependencies)"
./mvnw -B -q -DskipTests package

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp demo/policy.yaml "$work/policy.yaml"
policy="$work/policy.yaml"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
cp_apps="test-apps/target/vigil-test-apps-$version.jar:annotations/target/vigil-annotations-$version.jar"

echo ">>> starting the invoice app with -javaagent:agent/target/vigil-agent.jar=policy=$policy"
java -javaagent:agent/target/vigil-agent.jar=policy="$policy" -cp "$cp_apps" \
  dev.vigil.testapps.invoices.InvoiceDemo 12 50 alice bob &
app=$!

sleep 3
echo ">>> $(date +%T.%3N) revoking alice's accountant role in $policy"
sed -i 's/roles: \[accountant\]/roles: []/; s/^revision: .*/revision: demo-2/' "$policy"
sleep 3
echo ">>> $(date +%T.%3N) granting it back"
sed -i 's/^    roles: \[\]$/    roles: [accountant]/; s/^revision: .*/revision: demo-3/' "$policy"
sleep 3
echo ">>> $(date +%T.%3N) turning on the export_beta flag"
sed -i 's/export_beta: false/export_beta: true/; s/^revision: .*/revision: demo-4/' "$policy"
wait "$app"
echo ">>> done"
