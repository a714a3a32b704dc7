package optimize

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestDbgExplainBig(t *testing.T) {
	inst := loadInstance(t, filepath.Join("testdata", "portfolio", "pf-n2000-t5-s3-k0.3-p1.5.json"))
	res, _ := Solve(context.Background(), inst, Options{})
	st := time.Now()
	e, _ := newExplainer(inst, res, Options{})
	t.Log("new", time.Since(st))
	e.estimate()
	t.Log("estimate", time.Since(st))
	stop := &stopper{ctx: context.Background(), deadline: time.Now().Add(5 * time.Second)}
	e.resolve(stop, 20)
	t.Log("resolve", time.Since(st))
}
