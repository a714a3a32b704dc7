package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/samstyr/samstyr/internal/projects"
	"github.com/samstyr/samstyr/internal/testutil/apptest"
)

// inputsProject is a control project with a member on its staffing plan.
func inputsProject(t *testing.T, a *apptest.App, name string) (*apptest.ControlProject, *apptest.Person) {
	t.Helper()
	cp := a.NewControlProject(name, apptest.ControlContent())
	m := a.NewPerson("expert", "oslo", "", false)
	if err := a.DB.EnsureProjectRole(context.Background(), cp.Project.ID, m.ID, "expert", time.Now().AddDate(0, -1, 0)); err != nil {
		t.Fatal(err)
	}
	return cp, m
}

// TestProjectInputsThroughHTTP: through the API and the pages, a member's
// out-of-scope challenge is referred as a new need (the need exists,
// pre-filled, and the need and the input link each other), and a member's
// veivalg goes to the steering group, whose decision with choose_direction
// (option 2) is linked back; a decision by the secretariat is 403 and
// stores nothing. Bad input is 422 naming the field, nothing stored.
func TestProjectInputsThroughHTTP(t *testing.T) {
	a := apptest.New(t)
	cp, mem := inputsProject(t, a, "Innspill via API")
	pid := cp.Project.ID
	member, pm, chair := clientOf(a, mem), clientOf(a, cp.Manager), clientOf(a, cp.Chair)
	base := fmt.Sprintf("/api/v1/projects/%d/inputs", pid)

	bad := member.API("POST", base, `{"kind":"veivalg","title":"Ett alternativ","text":"x","options":[{"description":"A","consequence":"B"}]}`)
	ctlStatus(t, "veivalg with one option", bad, http.StatusUnprocessableEntity)
	if !strings.Contains(bad.Body, `"options"`) {
		t.Fatalf("the field is not named: %s", bad.Body)
	}
	ctlStatus(t, "empty text", member.API("POST", base, `{"kind":"fact","title":"T","text":""}`), http.StatusUnprocessableEntity)
	ctlStatus(t, "an outsider", a.Client("member").API("POST", base, `{"kind":"fact","title":"T","text":"x"}`), http.StatusForbidden)
	ctlStatus(t, "the public reads", a.Client("anonymous").API("GET", base, ""), http.StatusUnauthorized)
	if n := count(t, a, "project_inputs", fmt.Sprintf("project_id = %d", pid)); n != 0 {
		t.Fatalf("refused inputs stored: %d", n)
	}

	// Out of scope → a new need.
	res := member.API("POST", base, `{"kind":"out_of_scope","title":"Felles register for ansvarsretter","text":"Ansvarsretter *finnes ikke* samlet."}`)
	ctlStatus(t, "out of scope", res, http.StatusCreated)
	var oos projects.Input
	json.Unmarshal([]byte(res.Body), &oos)
	ctlStatus(t, "referral by the member", member.API("POST", fmt.Sprintf("%s/%d/move", base, oos.ID), `{"to":"referred","referred_to":"need"}`), http.StatusForbidden)
	ctlStatus(t, "referral to a missing project", pm.API("POST", fmt.Sprintf("%s/%d/move", base, oos.ID), `{"to":"referred","referred_to":"project","referred_project_id":987654}`), http.StatusUnprocessableEntity)
	res = pm.API("POST", fmt.Sprintf("%s/%d/move", base, oos.ID), `{"to":"referred","referred_to":"need","note":"Et behov for hele programmet"}`)
	ctlStatus(t, "referral as a need", res, http.StatusOK)
	json.Unmarshal([]byte(res.Body), &oos)
	if oos.State != "referred" || oos.NeedID == 0 {
		t.Fatalf("referred: %s", res.Body)
	}
	needPage := chair.Get(fmt.Sprintf("/needs/%d", oos.NeedID)) // a draft of the owner's organisation
	if needPage.StatusCode != 200 || !strings.Contains(needPage.Body, "Felles register for ansvarsretter") ||
		!strings.Contains(needPage.Body, fmt.Sprintf(`href="/projects/%d/inputs/%d"`, pid, oos.ID)) {
		t.Fatalf("need page: %d, without the title or the link to the input", needPage.StatusCode)
	}
	inPage := member.Get(fmt.Sprintf("/projects/%d/inputs/%d", pid, oos.ID))
	if !strings.Contains(inPage.Body, fmt.Sprintf(`href="/needs/%d"`, oos.NeedID)) || !strings.Contains(inPage.Body, "<em>finnes ikke</em>") {
		t.Fatal("input page does not link the need or render its Markdown")
	}

	// Veivalg → the steering group → its decision, linked back.
	res = member.API("POST", base, `{"kind":"veivalg","title":"Egen eller felles innsynsløsning","text":"Vi må velge.",
		"options":[{"description":"Felles","consequence":"Avhengig av Fiks"},{"description":"Egen","consequence":"Dyrere drift"}]}`)
	ctlStatus(t, "veivalg", res, http.StatusCreated)
	var vv projects.Input
	json.Unmarshal([]byte(res.Body), &vv)
	res = pm.API("POST", fmt.Sprintf("%s/%d/move", base, vv.ID), `{"to":"put_before_steering_group"}`)
	ctlStatus(t, "put before", res, http.StatusOK)
	json.Unmarshal([]byte(res.Body), &vv)
	start := time.Now().Add(time.Hour).Truncate(time.Minute)
	res = chair.API("POST", "/api/v1/meetings", fmt.Sprintf(`{"body_id":%d,"starts_at":"%s","ends_at":"%s","place":"Teams"}`,
		cp.Project.SteeringBodyID, start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339)))
	ctlStatus(t, "meeting", res, http.StatusCreated)
	var m struct{ ID int64 }
	json.Unmarshal([]byte(res.Body), &m)
	ctlStatus(t, "on agenda", chair.API("POST", fmt.Sprintf("/api/v1/cases/%d/move", vv.CaseID), fmt.Sprintf(`{"to":"on_agenda","meeting_id":%d}`, m.ID)), http.StatusOK)
	ctlStatus(t, "publish", chair.API("POST", fmt.Sprintf("/api/v1/meetings/%d/publish", m.ID), ""), http.StatusOK)
	a.Meetings.Now = func() time.Time { return start.Add(30 * time.Minute) }
	ctlStatus(t, "hold", chair.API("POST", fmt.Sprintf("/api/v1/meetings/%d/hold", m.ID), ""), http.StatusOK)
	decision := `{"kind":"approval","text":"Styringsgruppen velger egen løsning.","unanimous":true,"effects":["choose_direction"],"choice":%d}`
	ctlStatus(t, "decision by the secretariat", a.Client("secretariat").API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", vv.CaseID), fmt.Sprintf(decision, 2)), http.StatusForbidden)
	ctlStatus(t, "no such option", chair.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", vv.CaseID), fmt.Sprintf(decision, 5)), http.StatusUnprocessableEntity)
	if got, _ := a.DB.FindProjectInputByID(context.Background(), vv.ID); got.State != "put_before_steering_group" || got.DecisionID != 0 {
		t.Fatalf("a refused decision moved the input: %+v", got)
	}
	ctlStatus(t, "decision", chair.API("POST", fmt.Sprintf("/api/v1/cases/%d/decision", vv.CaseID), fmt.Sprintf(decision, 2)), http.StatusCreated)
	res = member.API("GET", fmt.Sprintf("%s/%d", base, vv.ID), "")
	json.Unmarshal([]byte(res.Body), &vv)
	if vv.State != "decided" || vv.ChosenOption != 2 || vv.DecisionID == 0 || vv.DecisionRef == "" {
		t.Fatalf("decided veivalg: %s", res.Body)
	}
	if !strings.Contains(member.Get(fmt.Sprintf("/projects/%d/inputs/%d", pid, vv.ID)).Body, fmt.Sprintf(`href="/decisions/%d"`, vv.DecisionID)) {
		t.Fatal("input page does not link the decision")
	}

	// The pages: the list filters; the form names the field.
	list := member.Get(fmt.Sprintf("/projects/%d/inputs?kind=veivalg", pid))
	if list.StatusCode != 200 || !strings.Contains(list.Body, "Egen eller felles") || strings.Contains(list.Body, "Felles register for ansvarsretter") {
		t.Fatalf("filtered list: %d", list.StatusCode)
	}
	form := member.PostForm(fmt.Sprintf("/projects/%d/inputs", pid), url.Values{"kind": {"fact"}, "title": {"Tomt"}, "text": {" "}})
	if form.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(form.Body, `href="#f-text"`) {
		t.Fatalf("bad form: %d", form.StatusCode)
	}
	if !strings.Contains(member.Get(fmt.Sprintf("/projects/%d", pid)).Body, fmt.Sprintf(`href="/projects/%d/inputs"`, pid)) {
		t.Fatal("project page does not link the inputs")
	}
	if res := a.VerifyAudit(); !res.OK {
		t.Fatalf("audit: %+v", res)
	}
}
