package main

import "context"

func cmdSeedBench(ctx context.Context, env *environment, args []string) error {
	return usageError("seed bench is not built yet")
}

func cmdBackup(ctx context.Context, env *environment, args []string) error {
	return usageError("backup is not built yet")
}

func cmdRestore(ctx context.Context, env *environment, args []string) error {
	return usageError("restore is not built yet")
}

func cmdPortfolio(ctx context.Context, env *environment, args []string) error {
	return usageError("portfolio is not built yet")
}
