"""The job queue: Redis connection (server or embedded), RQ queues, workers and the reconciler."""
