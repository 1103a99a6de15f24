package io.tandem.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BindingStateTest {

    @Test
    void failoverCodesMatchIscDhcpd() {
        assertThat(BindingState.ofFailoverCode(1)).isEqualTo(BindingState.FREE);
        assertThat(BindingState.ofFailoverCode(2)).isEqualTo(BindingState.ACTIVE);
        assertThat(BindingState.ofFailoverCode(5)).isEqualTo(BindingState.ABANDONED);
        assertThat(BindingState.ofFailoverCode(7)).isEqualTo(BindingState.BACKUP);
    }

    @Test
    void offeredHasNoWireCodeAndIsNotDurable() {
        assertThatThrownBy(() -> BindingState.ofFailoverCode(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(BindingState.OFFERED.isDurable()).isFalse();
        assertThat(BindingState.OFFERED.isBound()).isTrue();
    }
}
