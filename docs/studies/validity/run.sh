#!/usr/bin/env bash
# The validity study's cells: every diagnostic family at 5 levels, the noise floor and the train
# rows, at 3 seeds, for each task named (default: the tasks on the study page). Run from the
# repository root; a stopped run resumes where it stopped. Then render the page and the points:
#   tscbench study --results docs/studies/validity/results --out docs/studies/validity/README.md
# BUDGETS (default 0.1,0.3) adds the synthetic budget axis; BUDGETS= leaves it out.
set -euo pipefail
tasks=("$@")
[ ${#tasks[@]} -gt 0 ] || tasks=(breast_cancer german digits diamonds spambase magic letter adult)
budgets=${BUDGETS-0.1,0.3}
for task in "${tasks[@]}"; do
  tscbench run --task "$task" --seeds 0,1,2 --jobs "${JOBS:-2}" \
    ${budgets:+--budgets "$budgets"} --out docs/studies/validity/results \
    --generator noise --generator real \
    --generator diag_diversity --param diag_diversity.distinct=1,0.3,0.1,0.03,0.01 \
    --generator diag_coverage --param diag_coverage.dropped=0,0.2,0.4,0.6,0.8 \
    --generator diag_distortion --param diag_distortion.noise=0,0.25,0.5,1,2 \
    --param diag_distortion.features=important,unimportant \
    --generator diag_balance --param diag_balance.skew=0,0.25,0.5,0.75,0.9 \
    --generator diag_copying --param diag_copying.copied=0,0.25,0.5,0.75,1
done
