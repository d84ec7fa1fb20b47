"""Personas over live user data: segments, counts from data, and the engines that run
them. Imported only by the commands that touch data, so start-up stays light."""
