int ui_stack_placeholder_;
