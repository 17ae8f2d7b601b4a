"""Wegweiser's additions to the Rasa 3.6 server (Python 3.11, loaded by ``rasa run`` via PYTHONPATH).

Kept tiny and free of app dependencies: only Rasa and the standard library.
"""
