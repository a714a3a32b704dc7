// Package directives is the concept phase (DOMAIN.md §3, §8B, §9): a
// project idea made from prioritised needs (or a working group's
// recommendation or a guideline of the strategic council), the mandate
// for its concept phase (BP1), the project directive (styringsdokument)
// in versions, its recommendation by the user council and its approval
// by the strategic council, which alone brings a project into being.
//
// Every move of an idea or a directive is the effect of a recorded
// decision (internal/meetings runs the effects in the transaction that
// records the decision), except drafting, which the secretariat does.
package directives

import (
	"time"

	"github.com/samstyr/samstyr/internal/governance"
)

// Idea states.
const (
	IdeaIdea    = "idea"    // registered, waiting for the user council (BP1)
	IdeaConcept = "concept" // the user council decided to study it: the directive is drafted
	IdeaProject = "project" // its directive was approved: a project exists
)

// IdeaStates lists the idea states in order.
var IdeaStates = []string{IdeaIdea, IdeaConcept, IdeaProject}

// Idea sources.
const (
	SourceNeeds        = "needs"         // one or more prioritised needs
	SourceWorkingGroup = "working_group" // a working group's recommendation (a decision)
	SourceGuideline    = "guideline"     // a guideline of the strategic council (a decision)
)

// Sources lists the idea sources.
var Sources = []string{SourceNeeds, SourceWorkingGroup, SourceGuideline}

// Idea is a project idea (prosjektidé).
type Idea struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	// Source says where the idea came from; SourceDecisionID is the
	// decision behind a working group's recommendation or a guideline.
	Source           string                  `json:"source"`
	SourceDecisionID int64                   `json:"source_decision_id,omitempty"`
	SourceDecision   *governance.DecisionRef `json:"source_decision,omitempty"`
	NeedIDs          []int64                 `json:"need_ids"`
	Purpose          string                  `json:"purpose"`
	Benefits         string                  `json:"benefits"`
	Alternatives     string                  `json:"alternatives"`
	CostNOK          int64                   `json:"cost_nok"`
	DurationMonths   int64                   `json:"duration_months"`
	Owner            string                  `json:"owner"`
	State            string                  `json:"state"`
	// Mandate is the concept-phase mandate, kept with the idea and
	// decided by the user council (ConceptDecisionID).
	Mandate           Mandate                 `json:"mandate"`
	ConceptDecisionID int64                   `json:"concept_decision_id,omitempty"`
	ConceptDecision   *governance.DecisionRef `json:"concept_decision,omitempty"`
	CreatedBy         int64                   `json:"created_by"`
	CreatedAt         time.Time               `json:"created_at"`
	UpdatedAt         time.Time               `json:"updated_at"`
}

// Mandate is the mandate for the concept phase (Prosjektveiviseren).
type Mandate struct {
	Background   string `json:"background"`
	Purpose      string `json:"purpose"`
	Constraints  string `json:"constraints"`
	Lessons      string `json:"lessons"`
	Organisation string `json:"organisation"`
	Results      string `json:"results"`
	CostNOK      int64  `json:"cost_nok"`
	Time         string `json:"time"`
}

// IdeaFilter selects ideas; NeedID keeps those covering a need.
type IdeaFilter struct {
	State  string
	NeedID int64
}

// Directive states (DOMAIN.md §8B).
const (
	Draft       = "draft"       // the programme manager drafts the current version
	Recommended = "recommended" // the user council recommended a version
	Approved    = "approved"    // the strategic council approved it: a project exists
	Revise      = "revise"      // sent back for revision: a new version is drafted
	Rejected    = "rejected"    // the strategic council rejected it
)

// States lists the directive states in order.
var States = []string{Draft, Recommended, Approved, Revise, Rejected}

// Directive is a project directive (styringsdokument) with its versions.
type Directive struct {
	ID     int64  `json:"id"`
	IdeaID int64  `json:"idea_id"`
	Title  string `json:"title"`
	State  string `json:"state"`
	// Version is the latest version's number; RecommendedVersion and
	// ApprovedVersion the versions the councils decided on (0: none).
	Version             int64                   `json:"version"`
	RecommendedVersion  int64                   `json:"recommended_version,omitempty"`
	ApprovedVersion     int64                   `json:"approved_version,omitempty"`
	RecommendDecisionID int64                   `json:"recommend_decision_id,omitempty"`
	RecommendDecision   *governance.DecisionRef `json:"recommend_decision,omitempty"`
	ApproveDecisionID   int64                   `json:"approve_decision_id,omitempty"`
	ApproveDecision     *governance.DecisionRef `json:"approve_decision,omitempty"`
	// ReturnDecisionID is the decision that sent it back or rejected it.
	ReturnDecisionID int64                   `json:"return_decision_id,omitempty"`
	ReturnDecision   *governance.DecisionRef `json:"return_decision,omitempty"`
	ProjectID        int64                   `json:"project_id,omitempty"`
	// ManagerID is the named project manager, who may read the drafts.
	ManagerID int64 `json:"manager_id,omitempty"`
	// Priority is given with the approval (1 is highest, 0 none).
	Priority  int64     `json:"priority"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// DirectiveFilter selects directives. Public keeps the approved ones only;
// ManagerID (with Public) adds the drafts naming that project manager.
type DirectiveFilter struct {
	State     string
	IdeaID    int64
	Public    bool
	ManagerID int64
}

// Version is one version of a directive's content. A version is frozen
// once the user council recommended it (it went on a case): it is never
// changed again, and a new version is drafted instead.
type Version struct {
	DirectiveID int64     `json:"directive_id"`
	Number      int64     `json:"number"`
	Content     Content   `json:"content"`
	Frozen      bool      `json:"frozen"`
	CreatedBy   int64     `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Project states (DOMAIN.md §8C); approval creates a project in planning.
const (
	ProjectPlanning  = "planning"
	ProjectExecuting = "executing"
	ProjectClosing   = "closing"
	ProjectClosed    = "closed"
	ProjectRealising = "realising"
	ProjectOnHold    = "on_hold"
	ProjectCancelled = "cancelled"
)

// ProjectStates lists the project states in order, side states last.
var ProjectStates = []string{ProjectPlanning, ProjectExecuting, ProjectClosing, ProjectClosed, ProjectRealising, ProjectOnHold, ProjectCancelled}

// Project is a development project as the approval created it.
type Project struct {
	ID              int64                   `json:"id"`
	Name            string                  `json:"name"`
	State           string                  `json:"state"`
	DirectiveID     int64                   `json:"directive_id,omitempty"`
	IdeaID          int64                   `json:"idea_id,omitempty"`
	DecisionID      int64                   `json:"decision_id,omitempty"`
	Decision        *governance.DecisionRef `json:"decision,omitempty"`
	SteeringBodyID  int64                   `json:"steering_body_id,omitempty"`
	OwnerID         int64                   `json:"owner_id,omitempty"`
	OwnerName       string                  `json:"owner_name,omitempty"`
	ManagerID       int64                   `json:"manager_id,omitempty"`
	ManagerName     string                  `json:"manager_name,omitempty"`
	Priority        int64                   `json:"priority"`
	Budget          []BudgetLine            `json:"budget"`
	NeedIDs         []int64                 `json:"need_ids"`
	BackingOrgNames []string                `json:"backing_organisations"`
	CreatedAt       time.Time               `json:"created_at"`
}

// BudgetTotal sums a project's approved budget.
func (p *Project) BudgetTotal() int64 { return sumBudget(p.Budget) }
