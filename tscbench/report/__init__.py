"""From Results to what people read: summaries, statistics, standings, leaderboard markdown,
plots, console tables. The top layer: may import everything below it."""
