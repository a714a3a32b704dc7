package server

import (
	"context"

	"github.com/samstyr/samstyr/internal/policy"
	"github.com/samstyr/samstyr/internal/vendors"
)

// wireVendors builds the vendor register and contact log (issue 15, items
// 2 and 5); projects are checked through the projects the actor may see.
func (a *App) wireVendors() {
	a.Vendors = vendors.NewService(a.DB)
	a.Vendors.Projects = func(ctx context.Context, ac *policy.Actor, id int64) (string, error) {
		return a.linkTitle(ctx, ac, "project", id)
	}
}
