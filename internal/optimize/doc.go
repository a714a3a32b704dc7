// Package optimize selects a portfolio of projects exactly: it maximises
// the total benefit of the chosen projects subject to one budget per year
// (a multi-dimensional 0-1 knapsack), prerequisites (choosing a project
// chooses everything it needs), exclusive groups (at most one member) and
// mandatory projects. It is pure Go with no I/O; instances use the
// portfolio-instance/v1 JSON format (testdata/portfolio/FORMAT.md).
//
// # API
//
//   - ParseInstance and Instance.Validate check input and report problems
//     as *InputError with a stable Code, a JSON path Field and Args.
//   - Solve returns a proven optimal selection, or with a time limit or a
//     cancelled context the best one found with a proven bound and gap.
//   - Frontier solves a series of scaled budgets, Explain tells what
//     leaving a chosen project out or forcing a left-out one in would cost,
//     and which years' budgets bind.
//   - SolveReport does all three under one time limit and context: every
//     part polls the deadline and the context as it goes, keeps the best it
//     has when either ends it, and the report says so (Report.Stopped).
//   - Generate builds reference-like instances and WriteLP writes the CPLEX
//     LP model used to cross-check with CBC.
//
// # Method
//
// Presolve. Mandatory and forced projects are fixed in with their
// prerequisite closure, which also fixes their exclusive-group mates out;
// forbidden projects are fixed out with everything that needs them; a
// project whose own closure breaks a budget (after the fixed-in projects)
// or holds two members of a group is fixed out; zero-benefit projects that
// nothing undecided needs are dropped. The rest is renumbered densely.
//
// LP relaxation. x_i ∈ [0, 1] with the budget rows, one row per exclusive
// group and one row x_i − x_j ≤ 0 per prerequisite edge. It is solved by a
// bounded dual simplex with the bound-flipping ratio test. The basis is
// kept implicitly: only the rows whose slack is nonbasic (W) and the
// structural columns that are basic (F) form the working matrix A[W,F];
// every other row has a basic slack. Precedence rows have two entries, so
// A[W,F] is nearly triangular; it is refactorised at every iteration by
// row-singleton and column-singleton elimination with a small dense kernel
// (the budget rows), making an iteration O(nnz) rather than O(k²). The
// bound used for every decision is the Lagrangian bound of the current
// duals (clipped to the right sign), which is valid at every iteration,
// lets a node LP stop as soon as it cannot beat the incumbent, and is not
// fooled by rounding. Benefits are integers, so a subtree is pruned when
// its bound is below incumbent + 1 (minus a small allowance for rounding).
//
// Search. A greedy selection by closure efficiency gives the first
// incumbent; every node rounds its LP solution down (which keeps
// prerequisites and groups) and fills it greedily. After the root LP the
// search runs in rounds of falling targets: it looks only for selections
// worth ⌊LP⌋, then ⌊LP⌋−1, −3, −7, … until a round finds one or meets the
// incumbent. Each round fixes columns by reduced cost against its target
// (usually most of them), rebuilds the problem over what is left and runs
// depth-first branch and bound with local reduced-cost fixing and
// reliability branching: pseudocosts, shared across rounds, once a column
// has four observations per direction, short strong branching before that;
// a strong-branching trial that proves a side empty fixes the column.
//
// Frontier reuses work by solving levels from the smallest budget up and
// starting each from the previous optimum, which stays feasible. Explain
// brackets every value by LP bounds (the root duals with the forced or
// forbidden closure) and repaired selections, then closes the most marginal
// open intervals by exact re-solves, within a count and time budget; each
// value says whether it is exact.
package optimize
