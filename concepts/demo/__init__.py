"""The demo: exchange-format files (`rheine.json`) and small loaders for what the format does
not hold. `rheine` is the demo town, `large` the large town of `demo --large`; `workdays` keeps
demo dates off weekends and NRW's public holidays."""
