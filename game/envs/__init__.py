"""Environments for negotiation-AI research, from the optional extra `mufakat[rl]`:
a PettingZoo AEC environment (`pettingzoo_env`) and an OpenSpiel game
(`openspiel_game`), both on one encoding of a seat's view (`encoding`)."""
