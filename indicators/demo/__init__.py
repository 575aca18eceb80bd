"""The demo's indicators. Their definitions and values travel in the concepts' exchange files
(section `extensions.indicators`); `rheine` keeps Rheine's values current, `large` generates the
large town's section."""
