package main

import "context"

func cmdSeedBench(ctx context.Context, env *environment, args []string) error {
	return usageError("seed bench is not built yet")
}
