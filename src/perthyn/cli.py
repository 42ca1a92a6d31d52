"""The `perthyn` command: a thin shell over the core.

Each job registers its own click command or group in COMMANDS; they load lazily so that
`perthyn --help` stays fast and one job's heavy imports (Spark, WeasyPrint) never slow another.
"""

from __future__ import annotations

import importlib

import click

# name -> "module:attribute" of a click command or group
COMMANDS = {
    "framework": "perthyn.framework.cli:framework",
    "people": "perthyn.people.cli:people",
    "data": "perthyn.data.cli:data",
    "estimate": "perthyn.estimate.cli:estimate",
    "synth": "perthyn.synth.cli:synth",
    "index": "perthyn.index.cli:index",
    "outcomes": "perthyn.outcomes.cli:outcomes",
    "funding": "perthyn.funding.cli:funding",
    "profile": "perthyn.publish.cli:profile",
    "publish": "perthyn.publish.cli:publish",
    "serve": "perthyn.web.cli:serve",
    "demo": "perthyn.web.cli:demo",
    "manage": "perthyn.web.cli:manage",
}


class LazyGroup(click.Group):
    def invoke(self, ctx):
        from perthyn.errors import InputErrors

        try:
            return super().invoke(ctx)
        except InputErrors as exc:  # one shape for bad input: file, row, column and the fix
            raise click.ClickException(str(exc)) from exc

    def list_commands(self, ctx):
        return sorted(name for name in COMMANDS if self._load(name, quiet=True) is not None)

    def get_command(self, ctx, name):
        return self._load(name)

    @staticmethod
    def _load(name, quiet=False):
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            # A job not yet built is simply absent; a missing third-party package is a real error.
            if quiet and exc.name and exc.name.startswith("perthyn"):
                return None
            raise
        return getattr(module, attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="perthyn")
def main():
    """Perthyn measures migrant integration in a local authority, a region or a service.

    Jobs: framework (indicators as data), people (who is a migrant), estimate (indicators from
    microdata with confidence intervals), index (local authority policy index), outcomes
    (distance travelled), funding (transparent formulae), profile/publish (reports and open data).
    """


if __name__ == "__main__":
    main()
