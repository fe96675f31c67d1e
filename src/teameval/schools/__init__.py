"""Schools: the tenants, created by the operator from the command line."""
