"""Django project: one app per job, thin views over the core packages."""
