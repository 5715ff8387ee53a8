"""The petition reception desk (信访接待): visits, their visitors and the rules of registration."""
