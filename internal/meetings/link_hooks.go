package meetings

import (
	"context"

	"github.com/samstyr/samstyr/internal/policy"
)

// LinkHook runs when a case links an item of its type, inside the link's
// transaction (an error undoes the link): the concept phase freezes the
// directive's version and attaches its document as the case paper.
type LinkHook func(ctx context.Context, a *policy.Actor, c *Case, itemID int64) error
